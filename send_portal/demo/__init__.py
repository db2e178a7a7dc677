"""Demo and scale data for the `seed_demo` command and the benchmarks; never imported by the apps.

`cases` builds the people, settings and cases; `plans` builds the EHC plans for them.
"""
