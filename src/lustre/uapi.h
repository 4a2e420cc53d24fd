/* SPDX-License-Identifier: MIT */
/*
 * Lustre 2.15 client user-space ABI (x86_64, little-endian), restated from
 * the facts in lustre-abi.md: struct layouts, magics, ioctl numbers.
 * Only src/lustre/ issues the calls; other modules use the types.
 */
#ifndef FSX_LUSTRE_UAPI_H
#define FSX_LUSTRE_UAPI_H

#include <stdint.h>

#define LL_SUPER_MAGIC 0x0BD00BD0U

/* Layout magics (§3.1) */
#define LOV_MAGIC_V1	   0x0BD10BD0U
#define LOV_MAGIC_V3	   0x0BD30BD0U
#define LOV_MAGIC_SPECIFIC 0x0BD50BD0U
#define LOV_MAGIC_COMP_V1  0x0BD60BD0U
#define LOV_MAGIC_FOREIGN  0x0BD70BD0U
#define LOV_MAGIC_SEL	   0x0BD80BD0U
#define LOV_MAGIC_MASK	   0x0000FFFFU
#define LOV_MAGIC_MAGIC	   0x0BD0U
#define LMV_USER_MAGIC	   0x0CD30CD0U

/* Patterns (§3.2) */
#define LOV_PATTERN_NONE	 0x000U
#define LOV_PATTERN_RAID0	 0x001U
#define LOV_PATTERN_MDT		 0x100U
#define LOV_PATTERN_OVERSTRIPING 0x200U
#define LOV_PATTERN_F_MASK	 0xFFFF0000U
#define LOV_PATTERN_F_HOLE	 0x40000000U
#define LOV_PATTERN_F_RELEASED	 0x80000000U

/* Limits (§3.6) */
#define LOV_MIN_STRIPE_SIZE	   65536U
#define LOV_MAX_STRIPE_COUNT	   2000
#define LOV_ALL_STRIPES		   0xFFFFU
#define LOV_OFFSET_DEFAULT	   0xFFFFU
#define LOV_V1_INSANE_STRIPE_COUNT 65532
#define LOV_MAXPOOLNAME		   15
#define LUSTRE_EOF		   0xFFFFFFFFFFFFFFFFULL
#define FID_SEQ_LOV_DEFAULT	   0xFFFFFFFFFFFFFFFFULL
#define XATTR_SIZE_MAX		   65536

/* Component flags (§3.4.1) */
#define LCME_FL_STALE	  0x01U
#define LCME_FL_PREF_RD	  0x02U
#define LCME_FL_PREF_WR	  0x04U
#define LCME_FL_PREF_RW	  0x06U
#define LCME_FL_OFFLINE	  0x08U
#define LCME_FL_INIT	  0x10U
#define LCME_FL_NOSYNC	  0x20U
#define LCME_FL_EXTENSION 0x40U
#define LCME_FL_NEG	  0x80000000U
#define MIRROR_ID_MASK	  0x7FFF0000U
#define MIRROR_ID_SHIFT	  16

struct lu_fid {
	uint64_t f_seq;
	uint32_t f_oid;
	uint32_t f_ver;
} __attribute__((packed));

struct ost_id {
	union {
		struct {
			uint64_t oi_id;
			uint64_t oi_seq;
		} oi;
		struct lu_fid oi_fid;
	};
} __attribute__((packed));

struct lov_user_ost_data_v1 {
	struct ost_id l_ost_oi;
	uint32_t l_ost_gen;
	uint32_t l_ost_idx;
} __attribute__((packed));

struct lov_user_md_v1 {
	uint32_t lmm_magic;
	uint32_t lmm_pattern;
	struct ost_id lmm_oi;
	uint32_t lmm_stripe_size;
	uint16_t lmm_stripe_count;
	uint16_t lmm_stripe_offset; /* lmm_layout_gen on output */
	struct lov_user_ost_data_v1 lmm_objects[];
} __attribute__((packed));

struct lov_user_md_v3 {
	uint32_t lmm_magic;
	uint32_t lmm_pattern;
	struct ost_id lmm_oi;
	uint32_t lmm_stripe_size;
	uint16_t lmm_stripe_count;
	uint16_t lmm_stripe_offset;
	char lmm_pool_name[LOV_MAXPOOLNAME + 1];
	struct lov_user_ost_data_v1 lmm_objects[];
} __attribute__((packed));

struct lu_extent {
	uint64_t e_start;
	uint64_t e_end;
} __attribute__((packed));

struct lov_comp_md_entry_v1 {
	uint32_t lcme_id;
	uint32_t lcme_flags;
	struct lu_extent lcme_extent;
	uint32_t lcme_offset;
	uint32_t lcme_size;
	uint32_t lcme_layout_gen;
	uint64_t lcme_timestamp;
	uint32_t lcme_padding_1;
} __attribute__((packed));

struct lov_comp_md_v1 {
	uint32_t lcm_magic;
	uint32_t lcm_size;
	uint32_t lcm_layout_gen;
	uint16_t lcm_flags;
	uint16_t lcm_entry_count;
	uint16_t lcm_mirror_count;
	uint16_t lcm_padding1[3];
	uint64_t lcm_padding2;
	struct lov_comp_md_entry_v1 lcm_entries[];
} __attribute__((packed));

/* HSM (§6.12) */
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

#define HS_EXISTS    0x01U
#define HS_DIRTY     0x02U
#define HS_RELEASED  0x04U
#define HS_ARCHIVED  0x08U
#define HS_NORELEASE 0x10U
#define HS_NOARCHIVE 0x20U
#define HS_LOST	     0x40U
#define HSS_SETMASK    0x1U
#define HSS_CLEARMASK  0x2U
#define HSS_ARCHIVE_ID 0x4U
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
#define HSM_REQ_MAX_BYTES 1706 /* MDS_MAXREQSIZE / 3: a request this big gets E2BIG */

struct getinfo_fid2path {
	struct lu_fid gf_fid;
	uint64_t gf_recno;
	uint32_t gf_linkno;
	uint32_t gf_pathlen;
	char gf_path[];
} __attribute__((packed));

struct ioc_data_version {
	uint64_t idv_version;
	uint32_t idv_layout_version;
	uint32_t idv_flags;
};

struct lustre_swap_layouts {
	uint64_t sl_flags;
	uint32_t sl_fd;
	uint32_t sl_gid;
	uint64_t sl_dv1;
	uint64_t sl_dv2;
};

struct ll_ioc_lease {
	uint32_t lil_mode;
	uint32_t lil_flags;
	uint32_t lil_count;
	uint32_t lil_ids[];
};

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
	uint32_t os_spare3[7];
};

struct obd_uuid {
	char uuid[40];
};

/* The packed ioctl argument of IOC_OBD_STATFS (§6.10), x86_64 layout. */
struct obd_ioctl_data {
	uint32_t ioc_len;
	uint32_t ioc_version;
	uint64_t ioc_u64_1;
	uint32_t ioc_u32_1;
	uint32_t ioc_u32_2;
	uint8_t ioc_obdo1[208];
	uint8_t ioc_obdo2[208];
	uint64_t ioc_count;
	uint64_t ioc_offset;
	uint32_t ioc_dev;
	uint32_t ioc_command;
	uint64_t ioc_nid;
	uint32_t ioc_nal;
	uint32_t ioc_type;
	uint32_t ioc_plen1;
	char *ioc_pbuf1;
	uint32_t ioc_plen2;
	char *ioc_pbuf2;
	uint32_t ioc_inllen1;
	char *ioc_inlbuf1;
	uint32_t ioc_inllen2;
	char *ioc_inlbuf2;
	uint32_t ioc_inllen3;
	char *ioc_inlbuf3;
	uint32_t ioc_inllen4;
	char *ioc_inlbuf4;
	char ioc_bulk[];
};
#define OBD_IOCTL_VERSION 0x00010004U
#define LL_STATFS_LMV	  1U
#define LL_STATFS_LOV	  2U
#define LL_STATFS_NODELAY 4U

struct obd_dqinfo {
	uint64_t dqi_bgrace;
	uint64_t dqi_igrace;
	uint32_t dqi_flags;
	uint32_t dqi_valid;
};

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
};

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
	struct obd_uuid obd_uuid;
	char qc_poolname[];
};

#define LUSTRE_Q_GETINFO    0x800005U
#define LUSTRE_Q_SETINFO    0x800006U
#define LUSTRE_Q_GETQUOTA   0x800007U
#define LUSTRE_Q_SETQUOTA   0x800008U
#define LUSTRE_Q_GETDEFAULT 0x80000DU
#define LUSTRE_Q_SETDEFAULT 0x80000EU
#define QIF_BLIMITS 0x01U
#define QIF_SPACE   0x02U
#define QIF_ILIMITS 0x04U
#define QIF_INODES  0x08U
#define QIF_BTIME   0x10U
#define QIF_ITIME   0x20U
#define QIF_LIMITS  0x05U
#define QIF_USAGE   0x0AU
#define QIF_TIMES   0x30U

/* Open flags (§5) */
#define O_LOV_DELAY_CREATE_FLAGS 0x2100 /* O_NOCTTY | FASYNC: what the client tests */
#define O_LOV_DELAY_CREATE	 (0x1000000 | O_LOV_DELAY_CREATE_FLAGS)
#define LUSTRE_VOLATILE_HDR	 ".\x0c\x13\x14\x12:VOLATILE"

/* Ioctl numbers (§6.1), x86_64 */
#define LL_IOC_LOV_SETSTRIPE	 0x4008669AU
#define LL_IOC_LOV_GETSTRIPE	 0x4008669BU
#define LL_IOC_GROUP_LOCK	 0x4008669EU
#define LL_IOC_GROUP_UNLOCK	 0x4008669FU
#define OBD_IOC_QUOTACTL	 0xC0B066A2U
#define IOC_OBD_STATFS		 0xC00866A4U
#define LL_IOC_GETOBDCOUNT	 0x800866A8U
#define LL_IOC_PATH2FID		 0x800866ADU
#define LL_IOC_GET_MDTIDX	 0x800466AFU
#define LL_IOC_HSM_STATE_GET	 0x802066D3U
#define LL_IOC_HSM_STATE_SET	 0x401866D4U
#define LL_IOC_HSM_REQUEST	 0x401866D9U
#define LL_IOC_DATA_VERSION	 0x801066DAU
#define LL_IOC_LOV_SWAP_LAYOUTS	 0x402066DBU
#define LL_IOC_HSM_ACTION	 0x801866DCU
#define LL_IOC_SET_LEASE	 0xC00C66F3U
#define LL_IOC_GET_LEASE	 0x000066F4U
#define LL_IOC_GETPARENT	 0xC01866F9U
#define IOC_MDC_GETFILESTRIPE	 0xC0086915U
#define OBD_IOC_GETDTNAME	 0x8080667FU
#define OBD_IOC_GETMDNAME	 0x80806683U
#define OBD_IOC_FID2PATH	 0xC0086696U

/* Directory striping (§3.9, §6.17) */
struct lmv_user_mds_data {
	struct lu_fid lum_fid;
	uint32_t lum_padding;
	uint32_t lum_mds;
} __attribute__((packed));

struct lmv_user_md_v1 {
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
	char lum_pool_name[LOV_MAXPOOLNAME + 1];
	struct lmv_user_mds_data lum_objects[];
} __attribute__((packed));

#define LL_IOC_LMV_GETSTRIPE 0xC03066F1U

#define FILEID_LUSTRE 0x97
#define MAX_OBD_NAME  128

/* LL_IOC_GETPARENT (§6.7): 24-byte header, then the entry name */
struct getparent {
	struct lu_fid gp_fid;
	uint32_t gp_linkno;
	uint32_t gp_name_size;
	char gp_name[];
} __attribute__((packed));

/* name_to_handle_at() on Lustre: handle_type FILEID_LUSTRE, 32 bytes (§6.5) */
struct lustre_file_handle {
	struct lu_fid lfh_child;
	struct lu_fid lfh_parent;
} __attribute__((packed));

#define HSM_FORCE_ACTION 0x1U
#define HSM_USER_MASK	 0x32U /* NORELEASE | NOARCHIVE | DIRTY */
#define HSM_FLAGS_MASK	 0x7FU
#define FID_SEQ_NORMAL	 0x200000400ULL

#endif /* FSX_LUSTRE_UAPI_H */
