// Cairo (PDF surfaces, PNG images) and Pango (Unicode text layout) for the Documents target.
// Build packages: libcairo2-dev libpango1.0-dev (scripts/setup-system.sh).
#ifndef AGORA_CCAIROPANGO_SHIM_H
#define AGORA_CCAIROPANGO_SHIM_H
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <pango/pangocairo.h>
#endif
