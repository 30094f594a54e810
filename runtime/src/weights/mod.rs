//! What every weight is priced in, measured on this machine by `scripts/benchmark-machine.sh`
//! rather than borrowed from Substrate's reference machine and RocksDB:
//!
//! - [`paritydb_weights`]: a storage read and a write of the node's database, ParityDB, measured on
//!   the state a development node is left with after a load run (`benchmark storage`);
//! - [`block_weights`]: executing an empty block (`benchmark overhead`);
//! - [`extrinsic_weights`]: the smallest signed transaction, a remark, on top of it, with this
//!   runtime's own transaction extensions (`benchmark overhead`);
//! - [`extensions`]: what `frame_system`'s transaction extensions add to that base: nothing, as the
//!   base already paid for them.
//!
//! The pallets' `weights.rs` count reads and writes and add their own execution time
//! (`scripts/benchmark.sh`); the runtime's configuration multiplies the counts by these.
//! The files below are generated; regenerate them rather than editing them.

pub mod block_weights;
pub mod extensions;
pub mod extrinsic_weights;
// The generated file documents the fields of a struct expression, which rustdoc ignores.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;
