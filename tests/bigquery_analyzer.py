"""BigQuery's rules through Google's GoogleSQL (ZetaSQL) analyzer, the front end BigQuery is built on.

The `zetasql` package (a WebAssembly build, alpha) resolves each statement against a catalog that declares
the tables, columns and models the statement reads, so unknown names, type errors and clause rules (e.g.
"Query without FROM clause cannot have a WHERE clause") are caught, not only syntax. What it cannot check,
and this module declares instead, with the BigQuery ML reference as the source: BigQuery ML's own table
functions (ML.PREDICT, ML.EVALUATE, ...) and the HPARAM_RANGE / HPARAM_CANDIDATES option functions; CREATE
MODEL's option names and values are tests/bigquery_ml_rules.py's. The analyzer runs locally: nothing here
reached BigQuery.

Compiling the 28 MB module takes ~30 s on this machine (~90 s measured elsewhere); the compiled module is
kept in target/zetasql/ (keyed by the module's hash and the wasmtime version), so later processes start in
~1.5 s. One analyzer serves every statement of a pytest session.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "target" / "zetasql"


def _cached_module_class(real_module):
    """wasmtime.Module with from_file served from a serialized compilation when one matches."""

    class CachedModule:
        @staticmethod
        def from_file(engine, path):
            import wasmtime

            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
            cached = CACHE / f"{digest}-wasmtime{wasmtime.__version__ if hasattr(wasmtime, '__version__') else ''}.cwasm"
            if cached.is_file():
                try:
                    return real_module.deserialize_file(engine, str(cached))
                except Exception:  # another wasmtime or engine config: compile again
                    cached.unlink()
            module = real_module.from_file(engine, path)
            CACHE.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".partial")
            partial.write_bytes(module.serialize())
            partial.replace(cached)
            return module

    return CachedModule


def start_service():
    from zetasql.core import wasm_client

    real = wasm_client.Module
    wasm_client.Module = _cached_module_class(real)
    try:
        from zetasql.core import ZetaSqlLocalService

        return ZetaSqlLocalService()
    finally:
        wasm_client.Module = real


BIGQUERY_FEATURES = [
    "FEATURE_ANALYTIC_FUNCTIONS", "FEATURE_TABLE_VALUED_FUNCTIONS", "FEATURE_CREATE_TABLE_FUNCTION",
    "FEATURE_TEMPLATE_FUNCTIONS", "FEATURE_CREATE_AGGREGATE_FUNCTION", "FEATURE_NUMERIC_TYPE", "FEATURE_BIGNUMERIC_TYPE",
    "FEATURE_JSON_TYPE", "FEATURE_GEOGRAPHY", "FEATURE_INTERVAL_TYPE", "FEATURE_RANGE_TYPE", "FEATURE_GROUP_BY_ROLLUP",
    "FEATURE_TABLESAMPLE", "FEATURE_NAMED_ARGUMENTS", "FEATURE_DML_UPDATE_WITH_JOIN", "FEATURE_CREATE_TABLE_PARTITION_BY",
    "FEATURE_CREATE_TABLE_CLUSTER_BY", "FEATURE_CREATE_TABLE_NOT_NULL", "FEATURE_CREATE_TABLE_AS_SELECT_COLUMN_LIST",
    "FEATURE_CREATE_TABLE_LIKE", "FEATURE_CREATE_TABLE_COPY", "FEATURE_CREATE_TABLE_CLONE", "FEATURE_CREATE_SNAPSHOT_TABLE",
    "FEATURE_CREATE_VIEW_WITH_COLUMN_LIST", "FEATURE_PARAMETERIZED_TYPES", "FEATURE_JSON_VALUE_EXTRACTION_FUNCTIONS",
    "FEATURE_UNENFORCED_PRIMARY_KEYS", "FEATURE_FOREIGN_KEYS", "FEATURE_ALTER_TABLE_RENAME_COLUMN",
    "FEATURE_ALTER_COLUMN_SET_DATA_TYPE", "FEATURE_INVERSE_TRIG_FUNCTIONS", "FEATURE_CBRT_FUNCTIONS",
]


class BigQueryAnalyzer:
    """analyze(sql, catalog_spec) -> None or the analyzer's error message."""

    def __init__(self):
        from zetasql.types import LanguageVersion, ProductMode

        self.service = start_service()
        self.language = self.service.get_language_options(maximum_features=True,
                                                          language_version=LanguageVersion.VERSION_CURRENT)
        # BigQuery is GoogleSQL's external product mode (FLOAT64, no internal-only types); every statement kind.
        self.language.product_mode = ProductMode.PRODUCT_EXTERNAL
        self.language.supported_statement_kinds = []
        # "Maximum features" holds only versioned features; these are BigQuery's documented ones beside them.
        from zetasql.types import LanguageFeature
        for name in BIGQUERY_FEATURES:
            feature = getattr(LanguageFeature, name)
            if feature not in self.language.enabled_language_features:
                self.language.enabled_language_features.append(feature)

    def execute(self, sql: str, columns: dict, content: dict) -> list[tuple]:
        """The rows of `sql` in GoogleSQL's reference implementation, over tables of `columns` ({name: [(column,
        type)]}) holding `content` ({name: pa.Table}); TIMESTAMP cells from datetimes (taken as UTC)."""
        import datetime as dt

        from google.protobuf.timestamp_pb2 import Timestamp
        from zetasql.api import PreparedQuery
        from zetasql.api.table_content import create_table_content
        from zetasql.types import AnalyzerOptions, Value

        def content_of(table):  # create_table_content takes no timestamps: those cells are set as TIMESTAMP values
            rows = table.to_pylist()
            made = create_table_content([[None if isinstance(v, dt.datetime) else v for v in r.values()] for r in rows])
            for row, values in zip(made.table_data.row, rows):
                for i, v in enumerate(values.values()):
                    if isinstance(v, dt.datetime):
                        stamp = Timestamp()
                        stamp.FromDatetime(v.replace(tzinfo=dt.timezone.utc))
                        row.cell[i] = Value(timestamp_value=stamp)
            return made

        query = (PreparedQuery.builder().set_sql(sql)
                 .set_analyzer_options(AnalyzerOptions(language_options=self.language))
                 .set_catalog(CatalogSpec(columns).build(self.language))
                 .set_table_content({name: content_of(t) for name, t in content.items()})
                 .set_service(self.service).prepare())
        with query:
            table = query.execute().content.table_data

        def value(cell):
            for kind in ("int64_value", "string_value", "double_value"):
                if getattr(cell, kind) is not None:
                    return getattr(cell, kind)
        return [tuple(value(c) for c in r.cell) for r in table.row]

    def analyze(self, sql: str, spec: "CatalogSpec") -> str | None:
        from zetasql.api import Analyzer
        from zetasql.types import AnalyzerOptions

        analyzer = Analyzer(AnalyzerOptions(language_options=self.language), spec.build(self.language),
                            service=self.service)
        try:
            analyzer.analyze_statement(sql)
        except Exception as error:  # the analyzer's INVALID_ARGUMENT carries BigQuery's message
            return str(error)
        return None


def _type(kind):
    from zetasql.api.type_factory import TypeFactory
    from zetasql.types import TypeKind

    names = {"INT64": TypeKind.TYPE_INT64, "FLOAT64": TypeKind.TYPE_DOUBLE, "STRING": TypeKind.TYPE_STRING,
             "BOOL": TypeKind.TYPE_BOOL, "TIMESTAMP": TypeKind.TYPE_TIMESTAMP, "BYTES": TypeKind.TYPE_BYTES}
    return TypeFactory.create_simple_type(names[kind]) if isinstance(kind, str) else kind


def _struct(fields):
    from zetasql.types import StructField, StructType, Type, TypeKind

    return Type(type_kind=TypeKind.TYPE_STRUCT,
                struct_type=StructType(field=[StructField(field_name=n, field_type=_type(t)) for n, t in fields]))


def _array_of(kind):
    from zetasql.types import ArrayType, Type, TypeKind

    return Type(type_kind=TypeKind.TYPE_ARRAY, array_type=ArrayType(element_type=_type(kind)))


def _array_of_struct(fields):
    return _array_of(_struct(fields))


REGISTRY_COLUMNS = [
    ("model_name", "STRING"), ("model_version", "STRING"), ("trained_at", "TIMESTAMP"), ("target", "STRING"),
    ("problem_type", "STRING"), ("model_type", "STRING"), ("hyperparameters", "STRING"), ("training_rows", "INT64"),
    ("feature_count", "INT64"), ("features", "STRING"), ("classes", "STRING"), ("function_name", "STRING"),
    ("artifact_location", "STRING"), ("target_warehouse", "STRING"), ("status", "STRING"), ("recorded_at", "TIMESTAMP"),
    ("feature_relation", "STRING"), ("gate_metric", "STRING"), ("gate_value", "FLOAT64"),
    ("compared_version", "STRING"), ("compared_value", "FLOAT64"), ("gate_reason", "STRING"), ("forced", "BOOL"),
    ("grants", "STRING"), ("task", "STRING"), ("model_database", "STRING"), ("model_schema", "STRING"),
    ("model_identifier", "STRING"), ("embedding_version", "STRING"),
]


class CatalogSpec:
    """The tables and models a golden statement reads: `tables` maps a dotted path ('project.dataset.table' or
    'table') to [(column, type)]; `models` maps a path to its label column and label type (ML.PREDICT appends
    predicted_<label> and, for classification, predicted_<label>_probs)."""

    def __init__(self, tables: dict[str, list], models: tuple[str, ...] = (), label: str = "label",
                 label_type: str = "INT64", classification: bool = True, predict_input: str = "input_rows",
                 kmeans: bool = False):
        self.tables, self.models, self.predict_input, self.kmeans = tables, models, predict_input, kmeans
        self.label, self.label_type, self.classification = label, label_type, classification

    def build(self, language):
        from zetasql.api import CatalogBuilder, TableBuilder
        from zetasql.api.builders.tvf_builder import TVFBuilder
        from zetasql.api.builders.function_builder import FunctionBuilder
        from zetasql.types import (FunctionArgumentType, FunctionArgumentTypeOptions, FunctionEnums,
                                   FunctionSignature, SignatureArgumentKind, SimpleCatalog, SimpleColumn, SimpleModel,
                                   ZetaSQLBuiltinFunctionOptions)

        root = CatalogBuilder("bigquery").with_builtin_functions(
            ZetaSQLBuiltinFunctionOptions(language_options=language)).build()

        def catalog_at(path):
            node = root
            for part in path:
                child = next((c for c in node.catalog if c.name == part), None)
                if child is None:
                    child = SimpleCatalog(name=part)
                    node.catalog.append(child)
                node = child
            return node

        for dotted, columns in self.tables.items():
            *where, name = dotted.split(".")
            builder = TableBuilder(name)
            for column, kind in columns:
                builder.add_column(column, _type(kind))
            catalog_at(where).table.append(builder.build())

        for dotted in self.models:
            *where, name = dotted.split(".")
            catalog_at(where).model.append(SimpleModel(name=name, input=[
                SimpleColumn(name=f"dim_{i}", type=_type("FLOAT64")) for i in range(2)]))

        # num_occurrences -1: a templated (not concrete) signature, resolved per call.
        def any_arg(kind=SignatureArgumentKind.ARG_TYPE_ARBITRARY):
            return FunctionArgumentType(kind=kind, num_occurrences=-1)

        def model_arg():
            return FunctionArgumentType(kind=SignatureArgumentKind.ARG_TYPE_MODEL, num_occurrences=-1)

        # BigQuery ML's option functions (the CREATE MODEL reference's HPARAM_RANGE(min, max) and
        # HPARAM_CANDIDATES([...])): not GoogleSQL builtins, declared so the options around them are analyzed.
        for name, arity in (("hparam_range", 2), ("hparam_candidates", 1)):
            signature = FunctionSignature(argument=[any_arg() for _ in range(arity)],
                                          return_type=FunctionArgumentType(kind=SignatureArgumentKind.ARG_TYPE_FIXED,
                                                                           type=_type("STRING")))
            root.custom_function.append(FunctionBuilder(name).add_signature(signature).build())

        # BigQuery ML's table functions, with the output columns of their reference pages.
        label_t = _type(self.label_type)
        # ML.PREDICT returns its input's columns plus predicted_<label> (and _probs); GoogleSQL's
        # input-forwarding TVFs need the relation first, so the output is declared from the input table.
        appended = [(f"predicted_{self.label}", label_t)]
        if self.kmeans:  # a k-means model's ML.PREDICT appends the nearest centroid and the distances
            appended = [("centroid_id", _type("INT64")),
                        ("nearest_centroids_distance", _array_of_struct([("centroid_id", "INT64"), ("distance", "FLOAT64")]))]
        elif self.classification:
            appended.append((f"predicted_{self.label}_probs", _array_of_struct([("label", label_t), ("prob", "FLOAT64")])))
        predict = TVFBuilder("predict").set_output_schema(
            [(c, _type(t)) for c, t in self.tables.get(self.predict_input, [])] + appended)
        predict._tvf.signature.argument.extend([model_arg(), any_arg(SignatureArgumentKind.ARG_TYPE_RELATION)])
        fixed = {
            "evaluate": [("precision", "FLOAT64"), ("recall", "FLOAT64"), ("accuracy", "FLOAT64"),
                            ("f1_score", "FLOAT64"), ("log_loss", "FLOAT64"), ("roc_auc", "FLOAT64")],
            "confusion_matrix": [("expected_label", self.label_type)],
            "roc_curve": [("threshold", "FLOAT64"), ("recall", "FLOAT64"), ("false_positive_rate", "FLOAT64"),
                             ("true_positives", "INT64"), ("false_positives", "INT64"), ("true_negatives", "INT64"),
                             ("false_negatives", "INT64")],
            "trial_info": [("trial_id", "INT64"), ("hyperparameters", _array_of_struct([("name", "STRING")])),
                              ("hparam_tuning_evaluation_metrics", _array_of_struct([("name", "STRING")])),
                              ("training_loss", "FLOAT64"), ("eval_loss", "FLOAT64"), ("status", "STRING"),
                              ("error_message", "STRING"), ("is_optimal", "BOOL")],
            "feature_importance": [("feature", "STRING"), ("importance_weight", "FLOAT64"),
                                      ("importance_gain", "FLOAT64"), ("importance_cover", "FLOAT64")],
            # bigqueryml-syntax-centroids: one row per centroid and feature (categorical_value left out)
            "centroids": [("centroid_id", "INT64"), ("feature", "STRING"), ("numerical_value", "FLOAT64")],
        }
        tvfs = [predict.build()]
        for name, columns in fixed.items():
            builder = TVFBuilder(name).set_output_schema([(c, _type(t)) for c, t in columns])
            builder._tvf.signature.argument.append(model_arg())
            if name in ("evaluate", "confusion_matrix", "roc_curve"):
                relation = any_arg(SignatureArgumentKind.ARG_TYPE_RELATION)
                relation.options = FunctionArgumentTypeOptions(cardinality=FunctionEnums.ArgumentCardinality.OPTIONAL)
                builder._tvf.signature.argument.append(relation)
            if name == "centroids":  # STRUCT(standardize AS standardize), optional
                options = any_arg()
                options.options = FunctionArgumentTypeOptions(cardinality=FunctionEnums.ArgumentCardinality.OPTIONAL)
                builder._tvf.signature.argument.append(options)
            tvfs.append(builder.build())
        catalog_at(["ml"]).custom_tvf.extend(tvfs)

        # GoogleSQL's VECTOR_SEARCH (search_functions reference): base and query relations, the column to search,
        # the named arguments top_k, distance_type and options; output query and base STRUCTs of their columns
        # (declared here for an (id STRING, embedding ARRAY<FLOAT64>) relation, the shape similar_sql passes) and
        # distance. Not a builtin of this analyzer build.
        embedded = _struct([("id", "STRING"), ("embedding", _array_of("FLOAT64"))])
        search = TVFBuilder("vector_search").set_output_schema(
            [("query", embedded), ("base", embedded), ("distance", _type("FLOAT64"))])
        search._tvf.signature.argument.extend([any_arg(SignatureArgumentKind.ARG_TYPE_RELATION), FunctionArgumentType(
            kind=SignatureArgumentKind.ARG_TYPE_FIXED, type=_type("STRING"), num_occurrences=-1),
            any_arg(SignatureArgumentKind.ARG_TYPE_RELATION)])
        for name, kind in (("top_k", "INT64"), ("distance_type", "STRING"), ("options", "STRING")):
            named = FunctionArgumentType(kind=SignatureArgumentKind.ARG_TYPE_FIXED, type=_type(kind), num_occurrences=-1)
            named.options = FunctionArgumentTypeOptions(cardinality=FunctionEnums.ArgumentCardinality.OPTIONAL,
                                                        argument_name=name,
                                                        named_argument_kind=FunctionEnums.NamedArgumentKind.NAMED_ONLY)
            search._tvf.signature.argument.append(named)
        root.custom_tvf.append(search.build())
        return root
