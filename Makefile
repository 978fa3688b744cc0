# Two commands on a fresh machine: `make demo` and `make test`. Each creates
# .venv from pyproject.toml on first use; nothing else is assumed installed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench quality speed clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,ray,datatrove]'
	touch $(STAMP)

demo: $(STAMP)  ## set up, then clean the five seed pages and print the result
	$(VENV)/bin/cleantext clean seeds/

test: $(STAMP)  ## set up, then run the whole test suite
	$(PY) -m pytest

quality: $(STAMP)  ## main-content quality on ../shared/devset
	$(PY) benchmarks/quality.py

speed: $(STAMP)  ## throughput and memory
	$(PY) benchmarks/speed.py

clean-venv:
	rm -rf $(VENV)
