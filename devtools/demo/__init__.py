"""Demo data generation for `manage.py seed_demo` (see devtools.demo.seed for the entry point)."""
