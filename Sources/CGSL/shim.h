#ifndef ORRERY_CGSL_SHIM_H
#define ORRERY_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_cdf.h>

/* GSL exposes its generator types as mutable globals (gsl_rng_mt19937 ...),
   which Swift 6 refuses to read from imported C. These accessors return them
   as values. */
static inline const gsl_rng_type *orrery_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *orrery_gsl_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }

/* GSL's default error handler aborts the process. Orrery turns it off once and
   checks return codes instead. Returns the previous handler (ignored). */
static inline void orrery_gsl_disable_abort(void) { (void)gsl_set_error_handler_off(); }

#endif
