"""Passenger manifests: the rows, and the HTML, PDF and XLSX renderings."""
