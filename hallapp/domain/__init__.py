"""Pure Python: the counter's concepts and rules. Imports nothing else of HallApp, no Qt, no SQL."""
