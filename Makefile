# liveblog-archive: `make html` builds the archive, `make test` runs every test.
# Both create .venv and install the project into it when needed.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
INPUTDIR := $(CURDIR)/content
OUTPUTDIR := $(CURDIR)/output
CONFFILE := $(CURDIR)/pelicanconf.py
PUBLISHCONF := $(CURDIR)/publishconf.py
PELICAN := $(BIN)/pelican
PELICANOPTS ?=
PORT ?= 8000
# `make github` pushes output/ there with ghp-import (a test points it at a local bare repo).
GITHUB_PAGES_REMOTE ?= origin
GITHUB_PAGES_BRANCH ?= gh-pages

.PHONY: help install html clean regenerate serve devserver publish github test lint bench bench-scale

help:
	@echo 'make html        build the archive into output/ (sets up .venv first)'
	@echo 'make test        set up .venv and run every test (lint, unit, site, browser)'
	@echo 'make bench       time builds and the converter at archive scale (BENCHMARKS.md)'
	@echo 'make bench-scale our build from 10,000 to 150,000 updates: time, memory, sizes (slow)'
	@echo 'make clean       remove output/'
	@echo 'make regenerate  rebuild on every change'
	@echo 'make serve       serve output/ on http://127.0.0.1:$(PORT)/'
	@echo 'make devserver   regenerate and serve'
	@echo 'make publish     build with publishconf.py; needs SITEURL=https://user.github.io/repo'
	@echo 'make github      publish, then push output/ to the $(GITHUB_PAGES_BRANCH) branch of $(GITHUB_PAGES_REMOTE)'

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	touch $@

install: $(VENV)/.installed

# `liveblog-archive build` is Pelican's build with plain log lines, exiting 1 on a broken archive.
html: $(VENV)/.installed
	$(BIN)/liveblog-archive build $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

clean:
	rm -rf $(OUTPUTDIR)

regenerate: $(VENV)/.installed
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: $(VENV)/.installed
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) -b 127.0.0.1 $(PELICANOPTS)

devserver: $(VENV)/.installed
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) -b 127.0.0.1 $(PELICANOPTS)

# publishconf.py stops with a one-line message when SITEURL is not an absolute address.
publish: $(VENV)/.installed
	$(BIN)/liveblog-archive build $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(PELICANOPTS)

github: publish
	$(BIN)/ghp-import --no-jekyll --push --message "Publish the archive" \
		--remote $(GITHUB_PAGES_REMOTE) --branch $(GITHUB_PAGES_BRANCH) $(OUTPUTDIR)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed-test lint
	$(BIN)/python -m pytest

# 200 live blogs × 50 updates against stock Pelican and Hugo; figures into BENCHMARKS.md.
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run $(BENCHOPTS)

# 200, 1,000 and 3,000 live blogs × 50 updates, then 3,000 × 50 with one live blog of
# 20,000 updates: cold build, rebuild, memory, sizes (BENCHMARKS.md). Tens of minutes.
bench-scale: $(VENV)/.installed-bench
	$(BIN)/python -m bench.scale $(BENCHOPTS)
