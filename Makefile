# The two promises: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
# make demo PORT=8500 NETSUITE_PORT=8501 SHOPIFY_PORT=8502
PORT ?= 8000
NETSUITE_PORT ?= 8101
SHOPIFY_PORT ?= 8102
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint fmt check-deploy worker sweeper sandbox run clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

.env:  # local secrets for the demo and the test suite, made once
	$(PYTHON) -c 'import base64, os, secrets; \
	print("SECRET_KEY=" + secrets.token_urlsafe(50)); \
	print("FIELD_ENCRYPTION_KEY=" + base64.urlsafe_b64encode(os.urandom(32)).decode()); \
	print("DEBUG=true")' > .env

test: $(STAMP) .env
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

demo: $(STAMP) .env
	$(PY) manage.py demo --port $(PORT) --netsuite-port $(NETSUITE_PORT) --shopify-port $(SHOPIFY_PORT)

check-deploy: $(STAMP) .env
	DEBUG=false $(PY) manage.py check --deploy --fail-level WARNING

worker: $(STAMP) .env
	$(PY) manage.py rqworker sync --with-scheduler --serializer rq.serializers.JSONSerializer

sweeper: $(STAMP) .env
	$(PY) manage.py sweep --every 60

sandbox: $(STAMP) .env
	$(PY) manage.py runsandbox

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles
