#ifndef FLEETSIM_VERSION_H
#define FLEETSIM_VERSION_H
#define FS_VERSION "0.1.0"
#endif
