# Two commands for a fresh machine with python3 and make:
#   make demo   sets up .venv and runs the main job on DuckDB with the bundled sample
#               (make demo CSV=my.csv: the same loop on your own id,text,label CSV)
#   make test   sets up .venv and runs every test layer
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
DBT_FLAGS := --profiles-dir . --project-dir .

.PHONY: demo test bench-embed bench-predict bench-sparse clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

profiles.yml:
	cp profiles.example.yml profiles.yml

demo: $(BIN)/.installed profiles.yml
	$(BIN)/dwhml load-sample $(if $(CSV),--csv "$(CSV)")
	$(BIN)/dwhml embed
	$(DBT) build $(DBT_FLAGS)
	$(BIN)/dwhml metrics

test: $(BIN)/.installed profiles.yml
	scripts/ensure-chromium
	$(BIN)/pytest -q

bench-embed: $(BIN)/.installed
	$(BIN)/python -m benchmarks.embed_throughput

bench-predict: $(BIN)/.installed
	$(BIN)/python -m benchmarks.predict_throughput

bench-sparse: $(BIN)/.installed
	$(BIN)/python -m benchmarks.sparse_throughput

clean:
	rm -rf target dbt_packages logs model_store dwhml.duckdb dwhml.duckdb.wal
