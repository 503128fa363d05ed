"""Name search inside the database engine (decision 0002, revised 2026-11-30).

The vocabulary (people_nameword: each distinct word of every PersonName.search_key) is written by
triggers on people_personname, so rows written raw (the generator's executemany and COPY) are
covered too. Two indexes serve lantern.people.search:
- the vocabulary by trigrams, to find the words close to a typed word:
  PostgreSQL pg_trgm (GIN, gin_trgm_ops); SQLite an FTS5 table with the trigram tokenizer
  (SQLite >= 3.34) over each word padded with spaces, kept by triggers on people_nameword;
- the names by word, to fetch the names holding those words:
  PostgreSQL a GIN index on to_tsvector('simple', search_key); SQLite an FTS5 table (unicode61
  words) with people_personname as its external content, kept by triggers.
Existing rows are indexed here. Reversible; the pg_trgm extension is left installed on the way
back (other schemas may use it, and it holds no data).
"""

import django.db.models.functions.text
from django.db import migrations, models

SQLITE = [
    # Names by word: external content, so the words are read from people_personname.search_key.
    """CREATE VIRTUAL TABLE people_personname_words USING fts5(
         search_key, content='people_personname', content_rowid='id', detail='none')""",
    """INSERT INTO people_personname_words(people_personname_words) VALUES ('rebuild')""",
    # Words by trigram: contentless; the row id is people_nameword.id. Padded with spaces so that
    # two-letter words ("li", "an") have trigrams, and word starts and ends count.
    """CREATE VIRTUAL TABLE people_nameword_trigrams USING fts5(
         padded, content='', tokenize='trigram', detail='none')""",
    """CREATE TRIGGER people_nameword_trigrams_add AFTER INSERT ON people_nameword BEGIN
         INSERT INTO people_nameword_trigrams(rowid, padded) VALUES (NEW.id, ' ' || NEW.word || ' ');
       END""",
    """CREATE TRIGGER people_nameword_trigrams_remove AFTER DELETE ON people_nameword BEGIN
         INSERT INTO people_nameword_trigrams(people_nameword_trigrams, rowid, padded)
         VALUES ('delete', OLD.id, ' ' || OLD.word || ' ');
       END""",
    # search_key holds only a-z and single spaces (people.names.fold), so it splits as JSON.
    """CREATE TRIGGER people_personname_search_add AFTER INSERT ON people_personname BEGIN
         INSERT INTO people_personname_words(rowid, search_key) VALUES (NEW.id, NEW.search_key);
         INSERT OR IGNORE INTO people_nameword(word)
           SELECT value FROM json_each('["' || replace(NEW.search_key, ' ', '","') || '"]') WHERE value <> '';
       END""",
    """CREATE TRIGGER people_personname_search_change AFTER UPDATE OF search_key ON people_personname BEGIN
         INSERT INTO people_personname_words(people_personname_words, rowid, search_key)
         VALUES ('delete', OLD.id, OLD.search_key);
         INSERT INTO people_personname_words(rowid, search_key) VALUES (NEW.id, NEW.search_key);
         INSERT OR IGNORE INTO people_nameword(word)
           SELECT value FROM json_each('["' || replace(NEW.search_key, ' ', '","') || '"]') WHERE value <> '';
       END""",
    """CREATE TRIGGER people_personname_search_remove AFTER DELETE ON people_personname BEGIN
         INSERT INTO people_personname_words(people_personname_words, rowid, search_key)
         VALUES ('delete', OLD.id, OLD.search_key);
       END""",
    """INSERT OR IGNORE INTO people_nameword(word)
         SELECT DISTINCT value FROM people_personname,
           json_each('["' || replace(people_personname.search_key, ' ', '","') || '"]') WHERE value <> ''""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS people_personname_search_add",
    "DROP TRIGGER IF EXISTS people_personname_search_change",
    "DROP TRIGGER IF EXISTS people_personname_search_remove",
    "DROP TRIGGER IF EXISTS people_nameword_trigrams_add",
    "DROP TRIGGER IF EXISTS people_nameword_trigrams_remove",
    "DROP TABLE IF EXISTS people_nameword_trigrams",
    "DROP TABLE IF EXISTS people_personname_words",
]

POSTGRES = [
    # A trusted extension since PostgreSQL 13: the database owner may create it; see
    # docs/architecture.md for production.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX people_nameword_trigrams ON people_nameword USING gin (word gin_trgm_ops)",
    """CREATE INDEX people_personname_words ON people_personname
         USING gin (to_tsvector('simple'::regconfig, search_key))""",
    # Statement-level with a transition table: one INSERT per statement, so a COPY of 380,000
    # names adds its new words in one go.
    """CREATE OR REPLACE FUNCTION people_nameword_collect() RETURNS trigger AS $$
       BEGIN
         INSERT INTO people_nameword(word)
           SELECT DISTINCT w FROM new_names, unnest(string_to_array(new_names.search_key, ' ')) AS w
           WHERE w <> ''
           ON CONFLICT (word) DO NOTHING;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER people_personname_words_on_insert AFTER INSERT ON people_personname
         REFERENCING NEW TABLE AS new_names FOR EACH STATEMENT EXECUTE FUNCTION people_nameword_collect()""",
    """CREATE TRIGGER people_personname_words_on_update AFTER UPDATE ON people_personname
         REFERENCING NEW TABLE AS new_names FOR EACH STATEMENT EXECUTE FUNCTION people_nameword_collect()""",
    """INSERT INTO people_nameword(word)
         SELECT DISTINCT w FROM people_personname, unnest(string_to_array(search_key, ' ')) AS w
         WHERE w <> '' ON CONFLICT (word) DO NOTHING""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS people_personname_words_on_insert ON people_personname",
    "DROP TRIGGER IF EXISTS people_personname_words_on_update ON people_personname",
    "DROP FUNCTION IF EXISTS people_nameword_collect()",
    "DROP INDEX IF EXISTS people_personname_words",
    "DROP INDEX IF EXISTS people_nameword_trigrams",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_protected_location_holds_no_address'),
    ]

    operations = [
        migrations.CreateModel(
            name='NameWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=250, unique=True)),
            ],
        ),
        migrations.AddIndex(
            model_name='personname',
            index=models.Index(django.db.models.functions.text.Replace('search_key', models.Value(' '), models.Value('')), name='people_name_joined_key'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
