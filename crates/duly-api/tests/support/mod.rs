pub mod overdue;
pub mod smtp;
