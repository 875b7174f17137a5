#ifndef CFLOW_H
#define CFLOW_H
/* Placeholder until the bandwidth model lands. */
int cflow_version(void);
#endif
