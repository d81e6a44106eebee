"""Demo data generation for `manage.py seed_demo` (see violations.services.demo for the entry point)."""
