# fleet_capacity.gp - GPUs in service by chip and peak compute over time (fleetsim 0.1.0)
#
# Draws fleet_capacity.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot fleet_capacity.gp
# or for one format:    gnuplot -e "fmt='pdf'" fleet_capacity.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'fleet_capacity.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 8 replicates' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set title 'charts: fleet capacity'
    set xdata time
    set timefmt '%Y-%m-%dT%H:%M'
    set xrange [1717200000:1742515200]
    unset mxtics
    set xtics ("Jul\n2024" 1719792000, "Sep" 1725148800, "Nov" 1730419200, "Jan\n2025" 1735689600, "Mar" 1740787200)
    set xlabel 'Date (UTC)' offset 0,-0.6
    set ylabel 'GPUs in service'
    set format y '%g'
    set yrange [0:436.8]
    set y2label 'Peak dense 16-bit PFLOP/s'
    set y2range [0:250.085]
    set y2tics nomirror out
    set format y2 '%g'
    set border 11 lw 1.5
    set bmargin 6.5
    set key top left reverse Left samplen 2 box lc rgb '#d9d9d9' opaque
    set style textbox opaque fc rgb '#ffffff' noborder
    set arrow 1 from 1740787200, graph 0 to 1740787200, graph 1 nohead dt (6,4) lw 2 lc rgb '#000000' front
    set label 1 'simulated from 2025-03-01' at 1740787200, graph 0.97 right rotate by 90 offset 1.5,0 front boxed font ',17'
    plot \
        'fleet_capacity.dat' using 1:((0)/1):(($2)/1) with filledcurves fc rgb '#0072B2' fs solid 0.85 noborder title 'A100-80GB', \
        'fleet_capacity.dat' using 1:(($2)/1):(($2+$3)/1) with filledcurves fc rgb '#E69F00' fs solid 0.85 noborder title 'H100-SXM', \
        'fleet_capacity.dat' using 1:($7/1) axes x1y2 with lines lw 3.5 lc rgb '#000000' title 'peak PFLOP/s (right axis)'
    set output
}
