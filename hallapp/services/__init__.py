"""Use cases: what a clerk, a supervisor or an administrator can do. The CLI and the UI both call these."""
