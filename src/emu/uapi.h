/* SPDX-License-Identifier: MIT */
/*
 * Lustre 2.15 client ABI as the emulator sees it: our own restatement of
 * ../shared/lustre-abi.md (x86_64, little-endian). Not shared with fsxctl on
 * purpose: the emulator must not agree with fsxctl by construction.
 */
#ifndef EMU_UAPI_H
#define EMU_UAPI_H

#include <stdint.h>

#define LL_SUPER_MAGIC 0x0BD00BD0

#define LOV_MAGIC_V1	   0x0BD10BD0
#define LOV_MAGIC_V3	   0x0BD30BD0
#define LOV_MAGIC_SPECIFIC 0x0BD50BD0
#define LOV_MAGIC_COMP_V1  0x0BD60BD0
#define LOV_MAGIC_FOREIGN  0x0BD70BD0
#define LOV_MAGIC_SEL	   0x0BD80BD0
#define LMV_MAGIC_V1	   0x0CD20CD0
#define LMV_USER_MAGIC	   0x0CD30CD0
#define LMV_MAGIC_SPECIFIC 0x0CD40CD0

#define LOV_PATTERN_RAID0	 0x001
#define LOV_PATTERN_MDT		 0x100
#define LOV_PATTERN_OVERSTRIPING 0x200
#define LOV_PATTERN_F_RELEASED	 0x80000000u

#define LCME_FL_INIT	  0x10
#define LCME_FL_EXTENSION 0x40
#define LCME_FL_NEG	  0x80000000u
#define LCME_ID_ALL	  0xFFFFFFFFu

#define LOV_MIN_STRIPE_SIZE   65536u
#define LOV_MAX_STRIPE_COUNT  2000
#define LOV_ALL_STRIPES	      0xFFFF
#define LOV_OFFSET_DEFAULT    0xFFFF
#define LOV_MAXPOOLNAME	      15
#define LUSTRE_EOF	      UINT64_MAX
#define LOV_INSANE_OFFSET     65532

#define FID_SEQ_ROOT   0x200000007ull
#define FID_SEQ_NORMAL 0x200000400ull
#define FID_SEQ_IDIF   0x100000000ull
#define FILEID_LUSTRE  0x97

/* errno the kernel uses internally and lets escape: "Unknown error 524" */
#define ENOTSUPP 524

struct lu_fid {
	uint64_t f_seq;
	uint32_t f_oid;
	uint32_t f_ver;
} __attribute__((packed));

struct ost_id {
	uint64_t oi_id;
	uint64_t oi_seq;
} __attribute__((packed));

struct lov_ost_data {
	struct ost_id l_ost_oi;
	uint32_t l_ost_gen;
	uint32_t l_ost_idx;
} __attribute__((packed));

struct lov_md {
	uint32_t lmm_magic;
	uint32_t lmm_pattern;
	struct ost_id lmm_oi;
	uint32_t lmm_stripe_size;
	uint16_t lmm_stripe_count;
	uint16_t lmm_stripe_offset; /* or layout gen on output */
} __attribute__((packed));

struct lov_md_v3 {
	struct lov_md v1;
	char lmm_pool_name[16];
} __attribute__((packed));

struct lov_comp_md {
	uint32_t lcm_magic;
	uint32_t lcm_size;
	uint32_t lcm_layout_gen;
	uint16_t lcm_flags;
	uint16_t lcm_entry_count;
	uint16_t lcm_mirror_count;
	uint16_t lcm_padding1[3];
	uint64_t lcm_padding2;
} __attribute__((packed));

struct lov_comp_md_entry {
	uint32_t lcme_id;
	uint32_t lcme_flags;
	uint64_t lcme_start;
	uint64_t lcme_end;
	uint32_t lcme_offset;
	uint32_t lcme_size;
	uint32_t lcme_layout_gen;
	uint64_t lcme_timestamp;
	uint32_t lcme_padding_1;
} __attribute__((packed));

struct lov_foreign_md {
	uint32_t lfm_magic;
	uint32_t lfm_length;
	uint32_t lfm_type;
	uint32_t lfm_flags;
} __attribute__((packed));

_Static_assert(sizeof(struct lov_md) == 32, "lov_md");
_Static_assert(sizeof(struct lov_md_v3) == 48, "lov_md_v3");
_Static_assert(sizeof(struct lov_comp_md) == 32, "lov_comp_md");
_Static_assert(sizeof(struct lov_comp_md_entry) == 48, "lov_comp_md_entry");
_Static_assert(sizeof(struct lov_ost_data) == 24, "lov_ost_data");

/* ioctl numbers (x86_64) */
#define LL_IOC_LOV_SETSTRIPE	   0x4008669Au
#define LL_IOC_LOV_SETSTRIPE_NEW   0xC020669Au
#define LL_IOC_LOV_GETSTRIPE	   0x4008669Bu
#define LL_IOC_LOV_GETSTRIPE_NEW   0x8020669Bu
#define LL_IOC_GROUP_LOCK	   0x4008669Eu
#define LL_IOC_GROUP_UNLOCK	   0x4008669Fu
#define OBD_IOC_QUOTACTL	   0xC0B066A2u
#define IOC_OBD_STATFS		   0xC00866A4u
#define LL_IOC_FLUSHCTX		   0x400866A6u
#define LL_IOC_GETOBDCOUNT	   0x800866A8u
#define LL_IOC_PATH2FID		   0x800866ADu
#define LL_IOC_GET_CONNECT_FLAGS   0xC00866AEu
#define LL_IOC_GET_MDTIDX	   0x800466AFu
#define LL_IOC_HSM_STATE_GET	   0x802066D3u
#define LL_IOC_HSM_STATE_SET	   0x401866D4u
#define LL_IOC_HSM_REQUEST	   0x401866D9u
#define LL_IOC_DATA_VERSION	   0x801066DAu
#define LL_IOC_LOV_SWAP_LAYOUTS	   0x402066DBu
#define LL_IOC_HSM_ACTION	   0x801866DCu
#define LL_IOC_LMV_GETSTRIPE	   0xC03066F1u
#define LL_IOC_SET_LEASE	   0xC00C66F3u
#define LL_IOC_SET_LEASE_OLD	   0xC00866F3u
#define LL_IOC_GET_LEASE	   0x000066F4u
#define LL_IOC_FID2MDTIDX	   0xC01066F8u
#define LL_IOC_GETPARENT	   0xC01866F9u
#define IOC_MDC_GETFILESTRIPE	   0xC0086915u
#define IOC_MDC_GETFILEINFO_V1	   0xC0086916u
#define IOC_MDC_GETFILEINFO_V2	   0xC1406916u
#define LL_IOC_MDC_GETINFO_V1	   0xC0086917u
#define LL_IOC_MDC_GETINFO_V2	   0xC1406917u
#define OBD_IOC_GETDTNAME	   0x8080667Fu
#define OBD_IOC_GETNAME_OLD	   0xC0086683u
#define OBD_IOC_GETMDNAME	   0x80806683u
#define OBD_IOC_FID2PATH	   0xC0086696u

#define O_LOV_DELAY_CREATE_BIT 0x1000000
#define O_LOV_DELAY_PAIR       (O_NOCTTY | FASYNC)

#define LUSTRE_VOLATILE_HDR	".\x0c\x13\x14\x12:VOLATILE"
#define LUSTRE_VOLATILE_HDR_LEN 14

/* HSM */
#define HS_EXISTS    0x01
#define HS_DIRTY     0x02
#define HS_RELEASED  0x04
#define HS_ARCHIVED  0x08
#define HS_NORELEASE 0x10
#define HS_NOARCHIVE 0x20
#define HS_LOST	     0x40
#define HSM_USER_MASK  0x32
#define HSM_FLAGS_MASK 0x7F

#define HSS_SETMASK    0x1
#define HSS_CLEARMASK  0x2
#define HSS_ARCHIVE_ID 0x4

#define HUA_NONE    1
#define HUA_ARCHIVE 10
#define HUA_RESTORE 11
#define HUA_RELEASE 12
#define HUA_REMOVE  13
#define HUA_CANCEL  14

#define HPS_NONE    0
#define HPS_WAITING 1
#define HPS_RUNNING 2
#define HPS_DONE    3

struct hsm_extent {
	uint64_t offset;
	uint64_t length;
} __attribute__((packed));

struct hsm_user_state {
	uint32_t hus_states;
	uint32_t hus_archive_id;
	uint32_t hus_in_progress_state;
	uint32_t hus_in_progress_action;
	struct hsm_extent hus_in_progress_location;
} __attribute__((packed));

struct hsm_state_set {
	uint32_t hss_valid;
	uint32_t hss_archive_id;
	uint64_t hss_setmask;
	uint64_t hss_clearmask;
} __attribute__((packed));

struct hsm_current_action {
	uint32_t hca_state;
	uint32_t hca_action;
	struct hsm_extent hca_location;
} __attribute__((packed));

struct hsm_request {
	uint32_t hr_action;
	uint32_t hr_archive_id;
	uint64_t hr_flags;
	uint32_t hr_itemcount;
	uint32_t hr_data_len;
} __attribute__((packed));

struct hsm_user_item {
	struct lu_fid hui_fid;
	struct hsm_extent hui_extent;
} __attribute__((packed));

#define HSM_REQUEST_MAX 1706 /* MDS_MAXREQSIZE / 3: this size and up is E2BIG */

/* path <-> fid */
struct getinfo_fid2path {
	struct lu_fid gf_fid;
	uint64_t gf_recno;
	uint32_t gf_linkno;
	uint32_t gf_pathlen;
	char gf_path[];
} __attribute__((packed));

struct getparent {
	struct lu_fid gp_fid;
	uint32_t gp_linkno;
	uint32_t gp_name_size;
	char gp_name[];
} __attribute__((packed));

struct lustre_file_handle {
	struct lu_fid lfh_child;
	struct lu_fid lfh_parent;
} __attribute__((packed));

/* migrate */
struct ioc_data_version {
	uint64_t idv_version;
	uint32_t idv_layout_version;
	uint32_t idv_flags;
} __attribute__((packed));

struct ll_ioc_lease {
	uint32_t lil_mode;
	uint32_t lil_flags;
	uint32_t lil_count;
} __attribute__((packed));

#define LL_LEASE_RDLCK 0x1
#define LL_LEASE_WRLCK 0x2
#define LL_LEASE_UNLCK 0x4

struct lustre_swap_layouts {
	uint64_t sl_flags;
	uint32_t sl_fd;
	uint32_t sl_gid;
	uint64_t sl_dv1;
	uint64_t sl_dv2;
} __attribute__((packed));

#define SWAP_LAYOUTS_CHECK_DV1 0x1
#define SWAP_LAYOUTS_CHECK_DV2 0x2
#define SWAP_LAYOUTS_CLOSE     0x10

/* directory striping (we never stripe directories) */
struct lmv_user_md {
	uint32_t lum_magic;
	uint32_t lum_stripe_count;
	uint32_t lum_stripe_offset;
	uint32_t lum_hash_type;
	uint32_t lum_type;
	uint8_t lum_max_inherit;
	uint8_t lum_max_inherit_rr;
	uint16_t lum_padding1;
	uint32_t lum_padding2;
	uint32_t lum_padding3;
	char lum_pool_name[16];
} __attribute__((packed));

/* per-target statfs: packed obd_ioctl_data (only the fields we use) */
#define OBD_IOCTL_VERSION 0x00010004
#define OBD_IOC_DATA_SIZE 576
#define OBD_IOC_OFF_LEN	  0
#define OBD_IOC_OFF_VER	  4
#define OBD_IOC_OFF_PLEN1 480
#define OBD_IOC_OFF_PBUF1 488
#define OBD_IOC_OFF_PLEN2 496
#define OBD_IOC_OFF_PBUF2 504
#define OBD_IOC_OFF_INL1  512
#define OBD_IOC_OFF_INL2  528

struct obd_statfs {
	uint64_t os_type;
	uint64_t os_blocks;
	uint64_t os_bfree;
	uint64_t os_bavail;
	uint64_t os_files;
	uint64_t os_ffree;
	uint8_t os_fsid[40];
	uint32_t os_bsize;
	uint32_t os_namelen;
	uint64_t os_maxbytes;
	uint32_t os_state;
	uint32_t os_fprecreated;
	uint32_t os_granted;
	uint32_t os_spare[7];
} __attribute__((packed));

_Static_assert(sizeof(struct obd_statfs) == 144, "obd_statfs");

/* quotas */
struct obd_dqinfo {
	uint64_t dqi_bgrace;
	uint64_t dqi_igrace;
	uint32_t dqi_flags;
	uint32_t dqi_valid;
} __attribute__((packed));

struct obd_dqblk {
	uint64_t dqb_bhardlimit;
	uint64_t dqb_bsoftlimit;
	uint64_t dqb_curspace;
	uint64_t dqb_ihardlimit;
	uint64_t dqb_isoftlimit;
	uint64_t dqb_curinodes;
	uint64_t dqb_btime;
	uint64_t dqb_itime;
	uint32_t dqb_valid;
	uint32_t dqb_padding;
} __attribute__((packed));

struct if_quotactl {
	uint32_t qc_cmd;
	uint32_t qc_type;
	uint32_t qc_id;
	uint32_t qc_stat;
	uint32_t qc_valid;
	uint32_t qc_idx;
	struct obd_dqinfo qc_dqinfo;
	struct obd_dqblk qc_dqblk;
	char obd_type[16];
	char obd_uuid[40];
} __attribute__((packed));

_Static_assert(sizeof(struct if_quotactl) == 176, "if_quotactl");

#define QIF_BLIMITS 0x01
#define QIF_SPACE   0x02
#define QIF_ILIMITS 0x04
#define QIF_INODES  0x08
#define QIF_BTIME   0x10
#define QIF_ITIME   0x20

#define LUSTRE_Q_GETINFO    0x800005
#define LUSTRE_Q_SETINFO    0x800006
#define LUSTRE_Q_GETQUOTA   0x800007
#define LUSTRE_Q_SETQUOTA   0x800008
#define LUSTRE_Q_GETDEFAULT 0x80000D
#define LUSTRE_Q_SETDEFAULT 0x80000E
#define LUSTRE_Q_GETQUOTAPOOL	 0x80000F
#define LUSTRE_Q_SETQUOTAPOOL	 0x800010
#define LUSTRE_Q_GETINFOPOOL	 0x800011
#define LUSTRE_Q_SETINFOPOOL	 0x800012
#define LUSTRE_Q_GETDEFAULT_POOL 0x800013
#define LUSTRE_Q_SETDEFAULT_POOL 0x800014
#define LUSTRE_Q_DELETEQID  0x800015

#define USRQUOTA 0
#define GRPQUOTA 1
#define PRJQUOTA 2

#define LQUOTA_GRACE_BITS   48
#define LQUOTA_GRACE_MASK   ((1ull << LQUOTA_GRACE_BITS) - 1)
#define LQUOTA_FLAG_DEFAULT 0x1ull /* in bits 48-63 of dqb_btime/itime */
#define MAX_DQ_TIME	    604800 /* default grace: one week */

/* Linux's project id interface (not Lustre's): struct fsxattr, 28 bytes */
#define FS_IOC_FSGETXATTR 0x801C581Fu
#define FS_IOC_FSSETXATTR 0x401C5820u

#define QC_GENERAL 0
#define QC_MDTIDX  1
#define QC_OSTIDX  2
#define QC_UUID	   3

#endif /* EMU_UAPI_H */
