"""The vault on disk: SQLCipher connection, migrations, repositories, audit log, backups."""
