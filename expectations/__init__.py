"""Expectation suites over the warehouse, and the data-quality report."""
