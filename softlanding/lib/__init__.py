"""Framework-free helpers: nothing in here imports Django."""
