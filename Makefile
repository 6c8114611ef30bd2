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
# `make rsync_upload`: any host with SSH and rsync (the variables of Pelican's quickstart);
# RSYNC_DEST may be any rsync destination (a test syncs to a local folder), RSYNC_OPTS
# adds options (--dry-run lists what would change and changes nothing).
SSH_HOST ?= localhost
SSH_PORT ?= 22
SSH_USER ?= root
SSH_TARGET_DIR ?= /var/www
RSYNC_DEST ?= $(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)
RSYNC_OPTS ?=
# `make s3_upload`: an S3 bucket, or any S3-compatible object store (AWS CLI; set
# S3_OPTS=--endpoint-url=https://… for another provider, S3_OPTS=--dryrun to only list).
S3_BUCKET ?= my-archive-bucket
S3_OPTS ?=
AWS ?= aws

.PHONY: help install html clean regenerate serve devserver publish github rsync_upload s3_upload \
	test lint bench bench-scale lighthouse

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
	@echo 'make rsync_upload  publish, then rsync output/ to $(RSYNC_DEST)'
	@echo 'make s3_upload   publish, then sync output/ to s3://$(S3_BUCKET) (AWS CLI)'

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

# Any static host: output/ is plain files. New and changed files are sent first and put in
# place together at the end (--delay-updates), files of deleted pages removed last
# (--delete-after), so readers never meet a half-updated site; unchanged pages keep their
# modification times (the build does not rewrite them), so size and time find what changed.
rsync_upload: publish
	rsync -e "ssh -p $(SSH_PORT)" -rvz --delay-updates --delete-after $(RSYNC_OPTS) \
		"$(OUTPUTDIR)"/ "$(RSYNC_DEST)"

# Any S3-compatible object store serving a static site (public read, or behind a CDN).
s3_upload: publish
	$(AWS) s3 sync "$(OUTPUTDIR)"/ "s3://$(S3_BUCKET)" --acl public-read --delete $(S3_OPTS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Lighthouse and the Nu HTML checker (npm, pinned in tests/lighthouse/package-lock.json) for
# tests/test_lighthouse.py and tests/test_html_validator.py. Lighthouse runs Debian's chromium
# (CHROME_PATH) and downloads no browser: no install scripts run. Without npm those tests
# skip and say why (in CI, .ci/run installs nodejs and npm).
LIGHTHOUSE_DIR := tests/lighthouse
$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(LIGHTHOUSE_DIR) --ignore-scripts --no-audit --no-fund --loglevel=error \
		&& touch $@; \
	else \
		echo "npm is not installed: the Lighthouse tests will skip (apt-get install nodejs npm)"; \
	fi

lighthouse: $(LIGHTHOUSE_DIR)/node_modules/.installed

test: $(VENV)/.installed-test lint lighthouse
	$(BIN)/python -m pytest

# 200 live blogs × 50 updates against stock Pelican and Hugo; figures into BENCHMARKS.md.
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run $(BENCHOPTS)

# 200, 1,000 and 3,000 live blogs × 50 updates, then 3,000 × 50 with one live blog of
# 20,000 updates: cold build, rebuild, memory, sizes (BENCHMARKS.md). Tens of minutes.
bench-scale: $(VENV)/.installed-bench
	$(BIN)/python -m bench.scale $(BENCHOPTS)
