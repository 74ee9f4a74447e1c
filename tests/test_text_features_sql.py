"""text_features on every target gives the same rows: the compiled goldens of DuckDB, Redshift and BigQuery
(tests/golden/sql/*/text_features.sql, kept current by the golden tests) run on hostile texts, each by the
nearest executable stand-in there is here, and compared with DuckDB's rows and the Python reference the
leaderboard uses. Nothing here ran on Redshift or BigQuery.

- BigQuery: GoogleSQL's reference implementation (the `zetasql` package's PreparedQuery: BigQuery's own
  SPLIT, SUBSTR, CHAR_LENGTH, GENERATE_ARRAY semantics, evaluated locally).
- Redshift: no evaluator installs; the statement runs on DuckDB, whose LEN, SUBSTRING, SPLIT_PART and
  REAL mean what Redshift's reference says of them (characters, not bytes), with REGEXP_COUNT (absent in
  DuckDB) defined as a macro. What DuckDB cannot show, Redshift comparing VARCHARs without their trailing
  spaces, is checked on the statement's text below.
"""
from pathlib import Path

import duckdb
import pytest

from dwhml.leaderboard import char_word_features

GOLDEN = Path(__file__).parent / "golden" / "sql"
HOSTILE = [
    "it's a \"quoted\" text; -- 'x'",
    "back\\slash \\\\ and \\'",
    "絵文字😀と🇯🇵旗👨‍👩‍👧家族",
    "ｶﾞｷﾞｸﾞ半角カナｱｲｳ",
    "a b a b",  # grams with a trailing space ('c:a ') beside the same without ('c:a')
    "結合文字e\u0301と\u200b幅なし空白と\u202e右から左",
    "𠮷野家の𩸽と\ufffd置換文字",
    "求人が増えている。雇用は安定、来客数は減った" * 60,  # a very long text: 1,320 characters
    "x",
    "ab",
]


@pytest.fixture(scope="module")
def tokens(duckdb_tokens):
    rows = duckdb_tokens(HOSTILE)
    assert len(rows) == len(HOSTILE)  # every hostile text has tokens: none is left out of the comparison
    return rows


def _duckdb_with(rows):
    conn = duckdb.connect()
    conn.execute("create schema raw")
    conn.execute("create table raw.text_tokens (id bigint, normalised varchar, tokens varchar)")
    conn.executemany("insert into raw.text_tokens values (?, ?, ?)", rows)
    return conn


def _sorted(rows):
    return sorted((int(i), f, float(w)) for i, f, w in rows)


@pytest.fixture(scope="module")
def duckdb_rows(tokens):
    return _sorted(_duckdb_with(tokens).execute((GOLDEN / "duckdb" / "text_features.sql").read_text()).fetchall())


def test_duckdb_rows_are_the_python_reference(tokens, duckdb_rows):
    expected = [(i, f, float(c)) for i, normalised, toks in tokens
                for f, c in char_word_features(normalised, toks).items()]
    assert duckdb_rows == sorted(expected)
    assert (5, "c:a ", 2.0) in duckdb_rows and (5, "c:a", 2.0) in duckdb_rows


def test_redshift_statement_gives_the_duckdb_rows(tokens, duckdb_rows):
    conn = _duckdb_with(tokens)
    conn.execute("create macro regexp_count(s, pattern) as length(regexp_extract_all(s, pattern))")
    assert _sorted(conn.execute((GOLDEN / "redshift" / "text_features.sql").read_text()).fetchall()) == duckdb_rows


def test_redshift_statement_keys_features_by_length_too():
    # r_Character_types: "Trailing spaces in VARCHAR and CHAR values are treated as semantically insignificant
    # when values are compared", so GROUP BY feature alone would count 'c:a ' and 'c:a' as one feature.
    sql = (GOLDEN / "redshift" / "text_features.sql").read_text()
    assert sql.rstrip().endswith("group by id, feature, len(feature)")


def test_bigquery_statement_gives_the_duckdb_rows_in_googlesqls_reference_implementation(tokens, duckdb_rows):
    from zetasql.api import PreparedQuery
    from zetasql.api.table_content import create_table_content
    from zetasql.types import AnalyzerOptions

    from bigquery_analyzer import BigQueryAnalyzer, CatalogSpec

    analyzer = BigQueryAnalyzer()
    catalog = CatalogSpec({"text_tokens": [("id", "INT64"), ("normalised", "STRING"), ("tokens", "STRING")]}
                          ).build(analyzer.language)
    content = {"text_tokens": create_table_content([list(row) for row in tokens])}
    # The evaluator takes table content for tables of the root catalog only: the golden's one relation
    # name is pointed there, the statement is otherwise the golden's.
    sql = (GOLDEN / "bigquery" / "text_features.sql").read_text()
    assert sql.count("`dwhml-test`.`raw`.`text_tokens`") == 1
    query = (PreparedQuery.builder().set_sql(sql.replace("`dwhml-test`.`raw`.`text_tokens`", "`text_tokens`"))
             .set_analyzer_options(AnalyzerOptions(language_options=analyzer.language)).set_catalog(catalog)
             .set_table_content(content).set_service(analyzer.service).prepare())
    with query:
        table = query.execute().content.table_data
    rows = [(r.cell[0].int64_value, r.cell[1].string_value, r.cell[2].double_value) for r in table.row]
    assert _sorted(rows) == duckdb_rows
