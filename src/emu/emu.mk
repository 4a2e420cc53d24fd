# The Lustre client emulator: $(B)/libfsxemu.so (LD_PRELOAD) and $(B)/fsxemu.
# Included by the top Makefile. The preload library is never built with
# sanitizers: it must load into any process, sanitized or not.
EMU_LIB_SRC := $(addprefix src/emu/,core.c open.c dir.c xattr.c ioctl.c \
	       procfs.c vfs.c preload.c hsm.c target.c migrate.c \
	       quota.c locks.c swap.c swapname.c io.c)
EMU_COMMON  := $(addprefix src/emu/,config.c state.c layout.c alloc.c hsmcore.c hsmqueue.c \
	       file.c)
EMU_TOOL_SRC := $(addprefix src/emu/,fsxemu.c run.c hsmtool.c)

EMU_CFLAGS  := $(filter-out -fsanitize% -fno-sanitize%,$(CFLAGS)) -fPIC
EMU_LDFLAGS := $(filter-out -fsanitize%,$(LDFLAGS))

EMU_LIB_OBJ  := $(patsubst %.c,$(B)/obj/emu-pic/%.o,$(EMU_LIB_SRC) $(EMU_COMMON))
EMU_TOOL_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(EMU_TOOL_SRC) $(EMU_COMMON))

emu: $(B)/libfsxemu.so $(B)/fsxemu

$(B)/obj/emu-pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) -c -o $@ $<

$(B)/libfsxemu.so: $(EMU_LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(EMU_LDFLAGS) -shared -o $@ $^ -ldl -lpthread

$(B)/fsxemu: $(EMU_TOOL_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ -lpthread

.PHONY: emu
