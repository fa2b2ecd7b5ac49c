"""Forms: collect and present input; validation of rules stays in the services."""
