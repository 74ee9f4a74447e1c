# Two commands for a fresh machine with python3 and make:
#   make demo   sets up .venv and runs the main job on DuckDB with the bundled sample
#               (make demo CSV=my.csv: the same loop on your own id,text,label CSV)
#   make test   sets up .venv and runs every test layer
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
# The example project (installs the package at the repository root, as a team's project does).
EXAMPLE := examples/economy_watchers
DBT_FLAGS := --profiles-dir $(CURDIR) --project-dir $(EXAMPLE)

.PHONY: demo test bench-embed bench-predict bench-sparse bench-topics bench-leaderboard bench-tuning bench-trainers smoke-redshift smoke-bigquery clean

# The set-up and the demo each print how long they took (the README quotes both).
$(BIN)/.installed: pyproject.toml
	@date +%s > .setup-started
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@
	@echo "== set-up took $$(( $$(date +%s) - $$(cat .setup-started) )) s"; rm -f .setup-started

profiles.yml:
	cp profiles.example.yml profiles.yml

DATABASE := $(abspath $(or $(DWHML_DUCKDB_PATH),dwhml.duckdb))
# dbt runs in the example's directory: the database and model store stay in the repository root.
demo: export DWHML_DUCKDB_PATH := $(DATABASE)
demo: export DWHML_MODEL_STORE := $(abspath $(or $(DWHML_MODEL_STORE),model_store))
FIRST_ROWS ?= 20000

# Both vector tables the project reads: unsupervised fastText, and label-aware fastText trained
# on the labels of the train split only.
EMBED := $(BIN)/dwhml embed && $(BIN)/dwhml embed --supervised-labels raw.labels \
	--output raw.text_vectors_supervised --rejects raw.text_vector_supervised_rejects

# On a new database the sample demo builds twice, as a team would: first on the survey's
# first 20,000 comments, then on all of them after new months arrive (the embed pinned by the
# first pass embeds only the new comments), so every model has a history of two versions
# (with a CSV: one build). Re-running trains nothing.
demo: $(BIN)/.installed profiles.yml
	@date +%s > .demo-started
	$(DBT) deps $(DBT_FLAGS) --quiet
	@if [ -z "$(CSV)" ] && [ ! -f "$(DATABASE)" ]; then \
	  echo "== first build: the first $(FIRST_ROWS) comments of the sample"; \
	  $(BIN)/dwhml load-sample --limit $(FIRST_ROWS) && $(EMBED) && $(DBT) build $(DBT_FLAGS) && \
	  echo "== new months arrive: all comments, retrain"; \
	fi
	$(BIN)/dwhml load-sample $(if $(CSV),--csv "$(CSV)")
	$(EMBED)
	$(DBT) build $(DBT_FLAGS) $(if $(CSV),--vars '{dwhml_own_data: true}')
	$(BIN)/dwhml metrics
	$(BIN)/dwhml trials
	$(BIN)/dwhml topics
	$(BIN)/dwhml report
	@echo "== demo took $$(( $$(date +%s) - $$(cat .demo-started) )) s after the set-up"; rm -f .demo-started

test: $(BIN)/.installed profiles.yml
	scripts/ensure-chromium
	scripts/ensure-java
	$(BIN)/pytest -q

# A user with an account: the whole loop once on the warehouse, then everything it created is dropped.
# Without the DWHML_REDSHIFT_* / DWHML_BIGQUERY_* variables it says what to set and runs nothing.
smoke-redshift: $(BIN)/.installed profiles.yml
	$(BIN)/dwhml smoke --target redshift

smoke-bigquery: $(BIN)/.installed profiles.yml
	$(BIN)/dwhml smoke --target bigquery

bench-embed: $(BIN)/.installed
	$(BIN)/python -m benchmarks.embed_throughput

bench-trainers: $(BIN)/.installed
	$(BIN)/python -m benchmarks.trainer_convergence

bench-predict: $(BIN)/.installed
	$(BIN)/python -m benchmarks.predict_throughput

bench-sparse: $(BIN)/.installed
	$(BIN)/python -m benchmarks.sparse_throughput

bench-topics: $(BIN)/.installed
	$(BIN)/python -m benchmarks.topic_models

bench-leaderboard: $(BIN)/.installed
	$(BIN)/python -m benchmarks.leaderboard_many_classes

bench-tuning: $(BIN)/.installed
	$(BIN)/python -m benchmarks.tuning_cost

clean:
	rm -rf target dbt_packages logs model_store dwhml.duckdb dwhml.duckdb.wal $(EXAMPLE)/target $(EXAMPLE)/dbt_packages $(EXAMPLE)/logs
