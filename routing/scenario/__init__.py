"""Scenario folders: scenario.yaml and its tables read into a ``routing.model.Scenario``."""
