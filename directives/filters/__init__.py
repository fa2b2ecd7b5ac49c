"""Filters of the workspace, one module per area."""
