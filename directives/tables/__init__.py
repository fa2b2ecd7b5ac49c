"""Tables of the workspace, one module per area."""
