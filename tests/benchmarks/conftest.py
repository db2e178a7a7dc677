"""Benchmarks run only when asked (`make bench`, which sets BENCHMARK=1): never timed in tests."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("BENCHMARK") == "1":
        return
    skip = pytest.mark.skip(reason="benchmarks run with `make bench` (BENCHMARK=1)")
    for item in items:
        if "benchmarks" in str(item.fspath):
            item.add_marker(skip)
