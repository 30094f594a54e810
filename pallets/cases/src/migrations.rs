//! Storage migrations of the cases pallet, one module per storage version reached. The runtime
//! lists the ones its next upgrade runs (`Migrations` in `runtime/src/lib.rs`); each runs once,
//! guarded by the pallet's on-chain storage version, and checks itself under `try-runtime`.

/// Version 1 to 2: the per-applicant count of open cases goes. It duplicated what
/// [`crate::OpenCase`] already holds (one entry per service), and cost a write each time a case
/// opened or closed.
pub mod v2 {
	use crate::{Config, Pallet};
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, sp_runtime::TryRuntimeError};

	/// Version 1's count, named here only to be removed.
	#[storage_alias]
	pub type OpenCaseCount<T: Config> = StorageMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		u32,
		ValueQuery,
	>;

	/// Removes every [`OpenCaseCount`] entry, in one block: there is one per applicant with an
	/// open case, and removing one costs a single write.
	pub struct DropOpenCaseCount<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for DropOpenCaseCount<T> {
		fn on_runtime_upgrade() -> Weight {
			let removed = OpenCaseCount::<T>::clear(u32::MAX, None);
			log::info!(
				target: "runtime::cases",
				"migration to v2: removed {} open-case counts",
				removed.unique
			);
			T::DbWeight::get().reads_writes(u64::from(removed.loops), u64::from(removed.unique))
		}

		/// Checks that every count agrees with the open cases it counted, and hands the number
		/// of open cases to [`Self::post_upgrade`].
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let mut counted = 0u32;
			for (who, count) in OpenCaseCount::<T>::iter() {
				let open = Pallet::<T>::open_case_count(&who);
				ensure!(open == count, "a version 1 open-case count disagrees with OpenCase");
				counted += count;
			}
			let open = crate::OpenCase::<T>::iter().count() as u32;
			ensure!(open == counted, "an open case has no version 1 count");
			Ok(codec::Encode::encode(&open))
		}

		/// Checks that the counts are gone and every open case is still indexed.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let before: u32 = codec::Decode::decode(&mut &state[..])
				.map_err(|_| "pre_upgrade state does not decode")?;
			ensure!(OpenCaseCount::<T>::iter().next().is_none(), "an open-case count remains");
			let open = crate::OpenCase::<T>::iter().count() as u32;
			ensure!(open == before, "open cases changed in the migration");
			Ok(())
		}
	}

	/// [`DropOpenCaseCount`], run only on storage version 1, which it moves to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		DropOpenCaseCount<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
