#!/usr/bin/perl
# Measures Mail::DKIM's DKIM verification rate on the benchmark corpus, DNS stubbed in memory
# the way Mail::DKIM's own tests do it (Mail::DKIM::DNS::query answers from a table).
#
# Usage: bench_mail_dkim.pl CORPUS_DIR [ROUNDS]
#
# Every message must verify, or the run fails: a failure path is not what is being measured.
# Prints one line `RESULT {json}` with the per-round rates in messages per second, by the wall
# clock and by the process's CPU time.
use strict;
use warnings;

use JSON::PP;
use Mail::DKIM;
use Mail::DKIM::Verifier;
use Net::DNS::RR;
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC CLOCK_PROCESS_CPUTIME_ID);

my ( $corpus, $rounds ) = @ARGV;
defined $corpus or die "usage: $0 CORPUS_DIR [ROUNDS]\n";
$rounds //= 5;

opendir my $dir, "$corpus/messages" or die "$corpus/messages: $!\n";
my @names = sort grep { /\.eml$/ } readdir $dir;
closedir $dir;
my @messages = map {
    open my $fh, '<:raw', "$corpus/messages/$_" or die "$_: $!\n";
    local $/;
    scalar <$fh>;
} @names;

my %answers;
open my $dns, '<', "$corpus/dns.txt" or die "$corpus/dns.txt: $!\n";
while ( my $line = <$dns> ) {
    next if $line =~ /^\s*(?:[#;]|$)/;
    chomp $line;
    my ( $name, $record ) = split /\s+/, $line, 2;
    $answers{ lc $name } = [ Net::DNS::RR->new( name => $name, type => 'TXT', txtdata => $record ) ];
}
{
    no warnings 'redefine';
    *Mail::DKIM::DNS::query = sub {
        my ( $name, $type ) = @_;
        my $answer = $answers{ lc $name };
        $@ = $answer ? 'NOERROR' : 'NXDOMAIN';
        return $answer ? @$answer : ();
    };
}

my ( @wall_rates, @cpu_rates );
for ( 1 .. $rounds ) {
    my $passed     = 0;
    my $wall_start = clock_gettime(CLOCK_MONOTONIC);
    my $cpu_start  = clock_gettime(CLOCK_PROCESS_CPUTIME_ID);
    for my $message (@messages) {
        my $verifier = Mail::DKIM::Verifier->new;
        $verifier->PRINT($message);
        $verifier->CLOSE;
        $passed++ if $verifier->result eq 'pass';
    }
    my $wall = clock_gettime(CLOCK_MONOTONIC) - $wall_start;
    my $cpu  = clock_gettime(CLOCK_PROCESS_CPUTIME_ID) - $cpu_start;
    $passed == @messages or die "Mail::DKIM: only $passed of " . scalar(@messages) . " messages passed\n";
    push @wall_rates, @messages / $wall;
    push @cpu_rates,  @messages / $cpu;
}

sub summary {
    my @sorted = sort { $a <=> $b } @_;
    my $median = @sorted % 2 ? $sorted[ $#sorted / 2 ] : ( $sorted[ @sorted / 2 - 1 ] + $sorted[ @sorted / 2 ] ) / 2;
    my $round1 = sub { 0 + sprintf '%.1f', $_[0] };
    return { rounds => [ map { $round1->($_) } @_ ], best => $round1->( $sorted[-1] ), median => $round1->($median) };
}
print 'RESULT '
  . JSON::PP->new->canonical->encode(
    {
        implementation => "Mail::DKIM $Mail::DKIM::VERSION (Perl " . sprintf( '%vd', $^V ) . ')',
        messages       => scalar(@messages),
        passed         => scalar(@messages),
        wall           => summary(@wall_rates),
        cpu            => summary(@cpu_rates),
    }
  ) . "\n";
