"""Fuzz harnesses (fuzz_readers.py, fuzz_casefile.py), the inputs they generate and the
hostile files the tests use. See docs/fuzzing.md."""
