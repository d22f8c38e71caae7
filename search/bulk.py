"""Entries in bulk: the rows the database backend stores for analysed profiles, written
with raw SQL, and the one pass of a full rebuild.

Rows: ``entry_rows`` and ``term_rows`` turn ``search.entries.profile_data`` into the
columns of ``ProfileEntry`` and ``ProfileTerm``; ``insert`` writes them with PostgreSQL's
``COPY`` (psycopg 3) or multi-row ``INSERT`` statements (SQLite), ``delete`` removes them
with one statement per chunk of ids. The ORM would build a model instance per row (about
50 term rows per profile) and, to delete, fetch every row for the signals: most of a
rebuild's time before.

Rebuild: ``analysed(documents_index)`` reads and analyses every public profile once, in
batches of ``search.entries.BATCH`` ids, and gives a ``Batch`` for each: its entry and
term rows and, for Elasticsearch, the bulk request that writes its documents into
``documents_index``. For
a large directory kept in a file or a server, the batches are read and analysed by a
pool of ``os.cpu_count()`` processes (forked before the caller's transaction opens), a
few batches ahead of the caller, which writes batch N while batch N+1 is analysed.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, models

from .analysis import Synonyms, weighted_terms
from .entries import profile_data, public_id_batches
from .models import ProfileEntry, ProfileTerm

PARALLEL_FROM = 5000  # profiles: below that, one process analyses faster than a pool starts
AHEAD = 2  # batches analysed ahead, per process
DELETE_CHUNK = 500  # ids per DELETE (SQLite's limit of variables is far above)
ROWS_PER_INSERT = 1000  # at most (SQLite: its 999 parameters allow 333 term rows)
TERM_LENGTH = 60  # ProfileTerm.term's max_length

ENTRY_FIELDS = ("profile", "commune", "telecentre", "availability", "available_from", "created_at")
TERM_FIELDS = ("profile", "term", "weight")


# ---------------------------------------------------------------------------
# Rows


def entry_rows(data: dict[int, dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The ``ProfileEntry`` rows (``ENTRY_FIELDS``) of analysed profiles, with the dates
    as the database takes them."""
    ops = connection.ops
    return [
        (
            pk,
            item["commune"],
            item["telecentre"] or "",
            item["availability"],
            ops.adapt_datefield_value(item["available_from"]),
            ops.adapt_datetimefield_value(item["created_at"]),
        )
        for pk, item in data.items()
    ]


def term_rows(data: dict[int, dict[str, Any]]) -> list[tuple[int, str, int]]:
    """The ``ProfileTerm`` rows (``TERM_FIELDS``): each term once, with the weight of the
    best field holding it."""
    return [
        (pk, term, weight)
        for pk, item in data.items()
        for term, weight in _fitted(weighted_terms(item["fields"])).items()
    ]


def _fitted(weights: dict[str, int]) -> dict[str, int]:
    """The terms cut to the column's 60 characters (two long terms alike there: once)."""
    if max(map(len, weights), default=0) <= TERM_LENGTH:
        return weights
    fitted: dict[str, int] = {}
    for term, weight in weights.items():
        fitted[term[:TERM_LENGTH]] = max(weight, fitted.get(term[:TERM_LENGTH], 0))
    return fitted


def _table(model: type[models.Model], fields: Sequence[str]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    concrete = {field.name: str(field.column) for field in model._meta.concrete_fields}
    columns = ", ".join(quote(concrete[name]) for name in fields)
    return quote(model._meta.db_table), columns


def insert(model: type[models.Model], fields: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Inserts ``rows`` (values of ``fields``, ready for the database) into ``model``'s table."""
    if not rows:
        return
    table, columns = _table(model, fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):  # psycopg 3
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # Many rows per statement: on SQLite one statement per row (``executemany``) costs
        # about four times the CPU. Straight to the driver, in its own parameter style
        # (Django's SQLite cursor would rewrite each long statement's placeholders).
        per = min(ROWS_PER_INSERT, (connection.features.max_query_params or 10**6) // len(fields))
        qmark = getattr(connection, "Database").paramstyle == "qmark"  # noqa: B009
        execute = connection.connection.execute if qmark else raw.execute
        row_marks = "(" + ", ".join(["?" if qmark else "%s"] * len(fields)) + ")"
        statement = ""
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            if len(chunk) != per or not statement:
                marks = ", ".join([row_marks] * len(chunk))
                statement = f"INSERT INTO {table} ({columns}) VALUES {marks}"  # noqa: S608
            execute(statement, list(itertools.chain.from_iterable(chunk)))


def delete(model: type[models.Model], profile_ids: Iterable[int] | None) -> None:
    """Deletes the rows of these profiles (every row with ``None``) from ``model``'s table,
    without reading them first."""
    table, column = _table(model, ["profile"])
    with connection.cursor() as cursor:
        if profile_ids is None:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our names
            return
        ids = list(profile_ids)
        for start in range(0, len(ids), DELETE_CHUNK):
            chunk = ids[start : start + DELETE_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)  # noqa: S608


def write(profile_ids: list[int] | None, data: dict[int, dict[str, Any]]) -> None:
    """Replaces the entries and terms of ``profile_ids`` (of every profile with ``None``)
    by the rows of ``data``. The caller holds the transaction."""
    write_rows(profile_ids, entry_rows(data), term_rows(data))


def write_rows(
    profile_ids: list[int] | None,
    entries: list[tuple[Any, ...]],
    terms: list[tuple[int, str, int]],
) -> None:
    if profile_ids is None or profile_ids:
        delete(ProfileTerm, profile_ids)
        delete(ProfileEntry, profile_ids)
    insert(ProfileEntry, ENTRY_FIELDS, entries)
    insert(ProfileTerm, TERM_FIELDS, terms)


@contextlib.contextmanager
def without_indexes(model: type[models.Model]) -> Iterator[None]:
    """On SQLite, inside the caller's transaction: the secondary indexes of ``model``'s
    table are dropped while it is filled and created again after, from their own
    definitions (one sort is faster than keeping them up row by row; searches read the
    last commit meanwhile). Elsewhere nothing: on PostgreSQL a dropped index would lock
    searches out until the commit, and ``COPY`` is fast with them."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
            [model._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


# ---------------------------------------------------------------------------
# Rebuild


@dataclass
class Batch:
    ids: int  # public profiles asked for (the progress bar counts them)
    profiles: int  # public profiles found (one may have gone private since)
    entries: list[tuple[Any, ...]]
    terms: list[tuple[int, str, int]]
    documents: bytes  # the bulk request body of their documents, or b""


_synonyms: Synonyms | None = None


def refresh_statistics(*tables: type[models.Model]) -> None:
    """After a full rewrite, on PostgreSQL: ``VACUUM (ANALYZE)`` the tables, so that the
    planner knows their new contents and term lookups read the index alone (an index-only
    scan needs the visibility map that VACUUM sets). Not inside a transaction (VACUUM
    cannot run in one; a test's rebuild is)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {names}")


def analyse(ids: list[int], documents_index: str | None) -> Batch:
    """Reads and analyses these profiles once, for every index (also in a worker)."""
    from . import documents

    global _synonyms
    if _synonyms is None:
        _synonyms = Synonyms.for_documents()
    data = profile_data(ids, _synonyms)
    body = documents.bulk_body(documents_index, data) if documents_index else b""
    return Batch(len(ids), len(data), entry_rows(data), term_rows(data), body)


def _worker_start() -> None:
    # The parent closed its connections before the fork: each worker opens its own.
    global _synonyms
    _synonyms = None
    connections.close_all()


def _workers(total: int) -> int:
    """How many processes analyse a directory of ``total`` public profiles (1: this one)."""
    in_memory = connection.vendor == "sqlite" and getattr(connection, "is_in_memory_db")()  # noqa: B009
    # Other processes see neither an in-memory database nor what the caller's open
    # transaction has not committed.
    if total < PARALLEL_FROM or in_memory or connection.in_atomic_block:
        return 1
    return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def analysed(documents_index: str | None = None) -> Iterator[tuple[int, Iterator[Batch]]]:
    """``with analysed(index) as (total, batches)``: the number of public profiles and
    an iterator of their ``Batch``es in the order of their ids. Enter it before opening
    the transaction that writes them: the pool is forked on entry."""
    global _synonyms
    _synonyms = None
    id_batches = list(public_id_batches())
    total = sum(len(ids) for ids in id_batches)
    workers = _workers(total)
    if workers == 1:
        yield total, (analyse(ids, documents_index) for ids in id_batches)
        return
    connections.close_all()  # not shared with the children
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start)
    try:
        yield total, _in_pool(pool, id_batches, documents_index, workers * AHEAD)
    finally:
        pool.terminate()
        pool.join()


def _in_pool(
    pool: Any, id_batches: list[list[int]], documents_index: str | None, ahead: int
) -> Iterator[Batch]:
    """The batches in order, at most ``ahead`` of them waiting (memory stays flat)."""
    waiting: deque[Any] = deque()
    pending = iter(id_batches)
    for ids in pending:
        waiting.append(pool.apply_async(analyse, (ids, documents_index)))
        if len(waiting) >= ahead:
            break
    while waiting:
        batch = waiting.popleft().get()
        for ids in pending:
            waiting.append(pool.apply_async(analyse, (ids, documents_index)))
            break
        yield batch
