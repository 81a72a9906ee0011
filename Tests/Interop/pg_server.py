"""Starts a throwaway PostgreSQL 15 server for the Postgres source tests: initdb + pg_ctl into a temp dir owned by
an unprivileged user (initdb refuses root), wal_level=logical, listening on 127.0.0.1 only, on a free port."""
import os
import pwd
import shutil
import subprocess
import tempfile
import time

from conftest import free_port

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")


def _user():
    if os.getuid() != 0:
        return None
    for name in ("tributary-test", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


class PostgresServer:
    """One server; `psql(sql)` runs SQL as the superuser `postgres` over TCP."""

    def __init__(self, extra_conf=None):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="tributary-pg-")
        self.data = os.path.join(self.dir, "data")
        self.user = _user()
        self.extra_conf = extra_conf or {}
        if self.user:
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self.log = os.path.join(self.dir, "server.log")

    def _run(self, args, **kw):
        if self.user:
            args = ["runuser", "-u", self.user.pw_name, "--"] + args
        return subprocess.run(args, check=True, capture_output=True, text=True, **kw)

    def start(self):
        if not os.path.exists(self.data):
            self._run([f"{PG_BIN}/initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
            conf = {"listen_addresses": "'127.0.0.1'", "port": str(self.port), "wal_level": "logical",
                    "max_replication_slots": "10", "max_wal_senders": "10", "unix_socket_directories": f"'{self.dir}'",
                    "timezone": "'UTC'", "fsync": "off", **self.extra_conf}
            with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
                for k, v in conf.items():
                    f.write(f"{k} = {v}\n")
        self._run([f"{PG_BIN}/pg_ctl", "-D", self.data, "-l", self.log, "-w", "start"])
        return self

    def stop(self, mode="fast"):
        self._run([f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"])

    def destroy(self):
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def psql(self, sql, db="postgres"):
        out = subprocess.run([f"{PG_BIN}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
                              "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def connector_config(self, db, **extra):
        return {"database.hostname": "127.0.0.1", "database.port": str(self.port), "database.user": "postgres",
                "database.dbname": db, "database.sslmode": "disable", **extra}
