"""returnbus: plan point-to-point charter buses that bring workers back to their jobs."""

__version__ = "0.1.0"
