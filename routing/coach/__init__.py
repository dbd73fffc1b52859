"""The coaches: the fleet, seats and seat maps, and the schedule of a coach's day."""
