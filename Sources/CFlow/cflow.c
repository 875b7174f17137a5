#include "cflow.h"
int cflow_version(void) { return 0; }
