"""Routing coaches: the VRP, the bus model over it, the engines, repair, decomposition into pieces."""
