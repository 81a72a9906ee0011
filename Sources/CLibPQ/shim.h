// The libpq client API, for the PostgreSQL connector only (found through pkg-config `libpq`,
// i.e. /usr/include/postgresql on Debian).
#ifndef TRIBUTARY_CLIBPQ_SHIM_H
#define TRIBUTARY_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
