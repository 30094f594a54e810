//! Rebuilds the crate when the runtime metadata its types are generated from changes: the subxt
//! macro in `src/lib.rs` reads `metadata/safetynet.scale` at compile time, and cargo does not
//! track the files a macro reads.

fn main() {
	println!("cargo:rerun-if-changed=metadata/safetynet.scale");
}
