"""Table-driven tests for the pure helpers in shingikai.lib (no database)."""
