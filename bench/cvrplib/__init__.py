"""CVRPLIB X and Solomon VRPTW instances: readers (``instances``) and the benchmark run (``run``)."""
