// Glibc's Swift module leaves out <sys/epoll.h>; SystemIO's EventReactor needs it.
#include <sys/epoll.h>
