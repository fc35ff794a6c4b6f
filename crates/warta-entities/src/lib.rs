//! Named entities.
