pub mod overdue;
pub mod smtp;
pub mod studio;
