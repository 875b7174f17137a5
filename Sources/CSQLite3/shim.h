#ifndef ORRERY_CSQLITE3_SHIM_H
#define ORRERY_CSQLITE3_SHIM_H

#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift
   cannot import. Binding text with it makes SQLite copy the bytes, so the Swift
   string's storage may go away after the call. */
static inline int orrery_sqlite3_bind_text_transient(sqlite3_stmt *stmt, int index,
                                                     const char *text, int bytes) {
    return sqlite3_bind_text(stmt, index, text, bytes, SQLITE_TRANSIENT);
}

#endif
