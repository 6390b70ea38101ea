"""Benchmarks (not tests): `python -m bench` prints the table recorded in docs/performance.md."""
