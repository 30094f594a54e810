//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-12-05 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//!
//! DATABASE: `ParityDb`, RUNTIME: `Safety Net Chain Development`
//! BLOCK-NUM: `Number(33)`
//! SKIP-WRITE: `false`, SKIP-READ: `false`, WARMUPS: `1`
//! STATE-VERSION: `V1`, STATE-CACHE-SIZE: ``
//! WEIGHT-PATH: `runtime/src/weights`
//! METRIC: `Average`, WEIGHT-MUL: `1.1`, WEIGHT-ADD: `0`

// Executed Command:
//   /root/.cache/safetynet-chain/target-bench/release/safetynet-node
//   benchmark
//   storage
//   --chain
//   dev
//   --base-path
//   /tmp/tmp.QJdJXdPaUQ/dev/data
//   --db
//   paritydb
//   --state-version
//   1
//   --disable-pov-recorder
//   --mul
//   1.1
//   --batch-size
//   1000
//   --weight-path
//   runtime/src/weights

/// Storage DB weights for the `Safety Net Chain Development` runtime and `ParityDb`.
pub mod constants {
	use frame_support::weights::constants;
	use sp_core::parameter_types;
	use sp_weights::RuntimeDbWeight;

	parameter_types! {
		/// `ParityDB` can be enabled with a feature flag, but is still experimental. These weights
		/// are available for brave runtime engineers who may want to try this out as default.
		pub const ParityDbWeight: RuntimeDbWeight = RuntimeDbWeight {
			/// Time to read one storage item.
			/// Calculated by multiplying the *Average* of all values with `1.1` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 767, 1_923_943
			///   Average:  3_254
			///   Median:   3_136
			///   Std-Dev:  10490.63
			///
			/// Percentiles nanoseconds:
			///   99th: 4_482
			///   95th: 4_094
			///   75th: 3_527
			read: 3_580 * constants::WEIGHT_REF_TIME_PER_NANOS,

			/// Time to write one storage item.
			/// Calculated by multiplying the *Average* of all values with `1.1` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 7_990, 18_192
			///   Average:  9_208
			///   Median:   8_807
			///   Std-Dev:  1644.2
			///
			/// Percentiles nanoseconds:
			///   99th: 18_192
			///   95th: 9_939
			///   75th: 9_418
			write: 10_129 * constants::WEIGHT_REF_TIME_PER_NANOS,
		};
	}

	#[cfg(test)]
	mod test_db_weights {
		use super::constants::ParityDbWeight as W;
		use sp_weights::constants;

		/// Checks that all weights exist and have sane values.
		// NOTE: If this test fails but you are sure that the generated values are fine,
		// you can delete it.
		#[test]
		fn bound() {
			// At least 1 µs.
			assert!(
				W::get().reads(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Read weight should be at least 1 µs."
			);
			assert!(
				W::get().writes(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Write weight should be at least 1 µs."
			);
			// At most 1 ms.
			assert!(
				W::get().reads(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Read weight should be at most 1 ms."
			);
			assert!(
				W::get().writes(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Write weight should be at most 1 ms."
			);
		}
	}
}
