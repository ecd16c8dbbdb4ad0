/*
 * internal.h - declarations shared between fleetsim's own source files and
 * not part of the public headers.
 */
#ifndef FLEETSIM_INTERNAL_H
#define FLEETSIM_INTERNAL_H

#include "fleetsim/error.h" /* FS_BUG */


#endif
