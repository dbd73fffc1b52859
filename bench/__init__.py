"""Benchmarks of returnbus' routing engines on public instances (not part of the product)."""
