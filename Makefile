# returnbus - set up, run the bundled scenario, run the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test system-deps fonts

$(BIN)/returnbus: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/returnbus

# The bundled scenario, planned end to end (no server, no network).
demo: setup fonts
	$(BIN)/returnbus plan scenarios/guyuan-2020-02-21 -o out
	@echo "Open out/index.html in a browser."

# PDF manifests embed a Chinese font; without one, plan writes everything else and says so.
fonts:
	@if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	fi

# Browser and PDF tests need Chromium, CJK fonts and poppler from Debian.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
	  else \
	    echo "Please install Debian packages: chromium fonts-noto-cjk poppler-utils (sudo apt-get install ...)"; exit 1; \
	  fi; \
	fi

test: setup system-deps
	$(BIN)/python -m pytest -q
