"""The demo merchant, its trading day, and the processes `manage.py demo` runs."""
